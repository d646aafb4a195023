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
// An e-form's conditional field or section (data-show-field, data-show-equals): shown only while
// the field it depends on has that value. The server checks the same conditions.
function eformConditions() {
  document.querySelectorAll("[data-show-field]").forEach((block) => {
    const source = document.getElementsByName(block.dataset.showField)[0];
    if (source) {
      block.hidden = source.value !== block.dataset.showEquals;
    }
  });
}
document.addEventListener("change", eformConditions);
document.addEventListener("DOMContentLoaded", eformConditions);
