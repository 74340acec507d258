// The scorecard's weighted total on 20, recomputed as the juror scores: criteria marked N/A are left out and
// the weights of the others renormalised, as the jury's aggregation does. Without this script the page shows
// the total of the scores last saved.
(function () {
  "use strict";
  var form = document.querySelector("form.scorecard");
  if (!form) { return; }
  var shown = form.querySelector("[data-total]");
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined, {
    minimumFractionDigits: 2, maximumFractionDigits: 2
  });

  function total() {
    var points = 0;
    var weights = 0;
    form.querySelectorAll("fieldset.criterion[data-weight]").forEach(function (criterion) {
      var checked = criterion.querySelector("input[type=radio]:checked");
      if (!checked || checked.value === "na") { return; }
      var weight = Number(criterion.dataset.weight);
      points += weight * Number(checked.value);
      weights += weight;
    });
    return weights ? points * 20 / (weights * 5) : null;
  }

  function refresh() {
    var value = total();
    shown.textContent = value === null ? "—" : format.format(value);
  }

  form.addEventListener("change", refresh);
  refresh();
})();
