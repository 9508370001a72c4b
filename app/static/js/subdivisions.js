// A state or province list that follows the chosen country: <select data-follows="NAME"
// data-groups='{"US": "<optgroup label>", ...}'> keeps only the group of the country radio
// NAME checked, and forgets a place of the other country. Without JavaScript the whole list
// stays and the server refuses a place outside the country, next to the field.
(function () {
  document.querySelectorAll("select[data-follows]").forEach(function (select) {
    var name = select.getAttribute("data-follows");
    var labels = JSON.parse(select.getAttribute("data-groups"));
    var groups = {};
    select.querySelectorAll("optgroup").forEach(function (group) {
      Object.keys(labels).forEach(function (code) {
        if (labels[code] === group.label) groups[code] = group;
      });
    });
    var anchor = document.createComment("places");
    select.appendChild(anchor);
    function follow() {
      var checked = select.form.querySelector('input[name="' + name + '"]:checked');
      Object.keys(groups).forEach(function (code) {
        var group = groups[code];
        var shown = !checked || checked.value === code;
        if (!shown && group.parentNode) {
          if (group.contains(select.options[select.selectedIndex])) select.value = "";
          group.remove();
        } else if (shown && !group.parentNode) {
          select.insertBefore(group, anchor);
        }
      });
    }
    select.form.querySelectorAll('input[name="' + name + '"]').forEach(function (radio) {
      radio.addEventListener("change", follow);
    });
    follow();
  });
})();
