// The intake form's procedure search: Enter picks the first procedure the list shows for what
// was typed (the list the type-ahead fetched), ArrowDown moves into the list. Without this
// script the search form submits and the page lists the same procedures.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-pick-first]");
  if (!form) return;
  const list = document.getElementById("procedure-list");
  const typed = form.querySelector("input[type=search]").value;
  const first = list && list.dataset.query === typed && list.querySelector("a");
  if (first) {
    event.preventDefault();
    window.location.assign(first.href);
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && event.target.id === "tim") {
    const first = document.querySelector("#procedure-list a");
    if (first) {
      event.preventDefault();
      first.focus();
    }
  }
});
