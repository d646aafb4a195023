// Behaviour that pages would otherwise put in inline handlers, which the Content-Security-Policy
// forbids: a button with data-print prints the page; a select with data-submit-on-change submits
// its form when a value is chosen (the form keeps a <noscript> button).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) {
    field.form.submit();
  }
});
