// "Copy" buttons: a button with data-copy-button="<input id>" copies that field's value.
// Shown only where the clipboard can be used; without it the field stays there to select.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-button]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-button"));
    var done = button.parentNode.querySelector("[data-copy-done]");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (done) done.hidden = false;
      });
    });
  });
})();
