// The error summary at the top of a form (templates/macros/forms.html, form_errors): the focus
// moves to it when the page arrives, so it is read out first and Tab continues into its links.
// A link moves the focus to its field and scrolls the field's label or legend into view.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var group = field.closest("fieldset");
    var label = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
