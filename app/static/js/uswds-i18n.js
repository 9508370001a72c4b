// USWDS writes its character counts and file-input instructions in English. On a page in
// another language this puts them in the page's words, which the server sends on the
// component (data-count-* on .usa-character-count, data-file-* on a file input).
(function () {
  var count = function (root) {
    var field = root.querySelector(".usa-character-count__field");
    var limit = parseInt(root.getAttribute("data-maxlength") || field.getAttribute("maxlength"), 10);
    var length = field.value.length, left = limit - length, n = Math.abs(left);
    var number = n.toLocaleString(document.documentElement.lang);
    var d = root.dataset;
    if (length === 0) return d.countAllowed.replace("{limit}", limit.toLocaleString(document.documentElement.lang));
    if (left >= 0) return n === 1 ? d.countLeftOne : d.countLeft.replace("{count}", number);
    return n === 1 ? d.countOverOne : d.countOver.replace("{count}", number);
  };
  var fixCount = function (root) {
    var message = count(root);
    var status = root.querySelector(".usa-character-count__status");
    var spoken = root.querySelector(".usa-character-count__sr-status");
    if (status && status.textContent !== message) status.textContent = message;
    if (spoken && spoken.textContent) {
      var over = spoken.getAttribute("aria-live") === "assertive";
      var said = over ? root.dataset.countExceeded + " " + message : message;
      if (spoken.textContent !== said) spoken.textContent = said;
    }
  };
  var fixFileInput = function (zone) {
    var input = zone.querySelector("input[type=file]");
    var d = input.dataset;
    var words = {
      "Drag file here or": d.fileDrag,
      "choose from folder": d.fileChoose,
      "Choose from folder": d.fileChooseFirst,
      "Drag file here or choose from folder": d.fileDrag + " " + d.fileChoose,
      "No file selected.": d.fileNone,
      "Selected file": d.fileSelected,
      "Change file": d.fileChange,
      "Error: This is not a valid file type.": d.fileInvalid,
      "You have selected the file: ": d.fileChosen,
    };
    var say = function (text) {
      var key = text.trim();
      if (words[key]) return words[key];
      var chosen = "You have selected the file: ";
      if (key.indexOf(chosen) === 0) return words[chosen] + key.slice(chosen.length);
      return null;
    };
    var walker = document.createTreeWalker(zone, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = say(node.nodeValue);
      if (text !== null && text !== node.nodeValue) node.nodeValue = text;
    }
    var label = input.getAttribute("aria-label");
    var named = label && say(label);
    if (named && named !== label) input.setAttribute("aria-label", named);
  };
  var watch = function (root, fix) {
    fix(root);
    new MutationObserver(function () { fix(root); }).observe(root, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ["aria-label", "aria-live"],
    });
  };
  var start = function () {
    document.querySelectorAll(".usa-character-count[data-count-allowed]").forEach(function (root) {
      if (root.querySelector(".usa-character-count__field")) watch(root, fixCount);
    });
    if (/^en\b/.test(document.documentElement.lang)) return;
    document.querySelectorAll("input[type=file][data-file-drag]").forEach(function (input) {
      var zone = input.closest(".usa-file-input") || input.parentNode;
      watch(zone, fixFileInput);
    });
  };
  // After USWDS's own start (it waits for the document too, and its listener came first).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
