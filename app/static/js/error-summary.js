// The error summary at the top of a form (templates/macros/forms.html, form_errors): the focus
// moves to it when the page arrives, so it is read out first and Tab continues into its links.
// A link moves the focus to its field and scrolls the field's label or legend into view.
(function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  var focus = function () {
    var current = document.activeElement;
    if (!current || current === document.body || current.id === "main-content" || current === summary) {
      summary.focus();
    }
  };
  // A form sent from a page reached by the skip link comes back as ...#main-content, and the
  // browser would move the focus there once the page has loaded: the summary comes first.
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  focus();
  window.addEventListener("load", function () { window.setTimeout(focus, 0); });
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
