// The directory's filters on a phone: folded into their accordion when the page opens, so the
// first results are in sight; left open when the form has an error to show. Without this
// script (or from the tablet width up, where portal.css always shows them) they stay open.
(function () {
  "use strict";
  var button = document.querySelector(".portal-filters .usa-accordion__button");
  if (!button || button.hasAttribute("data-keep-open")) return;
  if (!window.matchMedia("(max-width: 39.99em)").matches) return;
  var content = document.getElementById(button.getAttribute("aria-controls"));
  button.setAttribute("aria-expanded", "false");
  if (content) content.hidden = true;
})();
