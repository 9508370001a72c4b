// The review form's running weighted mean: Σ weight·score / Σ weight over the criteria scored,
// the rule of app/reviews/calibration.py (weighted_mean), which the server applies to what is
// saved: this only shows it while the reviewer chooses. Each criterion's row carries its
// weight (data-weight); the page arrives with the server's figure, and without scripts keeps it.
(function () {
  "use strict";
  document.querySelectorAll("[data-review-form]").forEach(function (form) {
    var value = form.querySelector("[data-review-total-value]");
    var count = form.querySelector("[data-review-total-count]");
    var rows = form.querySelectorAll("[data-weight]");
    if (!value || !rows.length) return;

    // Two decimals as Python's "%.2f" gives them: a tie (x.xx5 exactly) goes to the even digit.
    function twoDecimals(number) {
      var hundredths = number * 100;
      var floor = Math.floor(hundredths);
      var rest = hundredths - floor;
      var rounded = Math.abs(rest - 0.5) < 1e-9 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(hundredths);
      return (rounded / 100).toFixed(2);
    }

    function update() {
      var sum = 0;
      var weights = 0;
      var scored = 0;
      rows.forEach(function (row) {
        var chosen = row.querySelector("input:checked");
        if (!chosen) return;
        var weight = parseFloat(row.getAttribute("data-weight"));
        sum += weight * parseFloat(chosen.value);
        weights += weight;
        scored += 1;
      });
      value.textContent = weights > 0 ? twoDecimals(sum / weights) : "—";
      if (count) {
        count.textContent = count
          .getAttribute("data-template")
          .replace("{scored}", String(scored))
          .replace("{total}", String(rows.length));
      }
    }

    form.addEventListener("change", update);
    update();
  });
})();
