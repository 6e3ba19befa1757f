// The population pages' charts, drawn with the Plotly.js served by Klynge itself: each
// <div class="chart-area" data-spec="ID"> gets the figure in the JSON script ID. Without
// JavaScript the pages show the same numbers in the tables beside the charts.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") {
    return;
  }
  document.querySelectorAll(".chart-area[data-spec]").forEach(function (area) {
    var data = document.getElementById(area.dataset.spec);
    if (!data) {
      return;
    }
    var spec = JSON.parse(data.textContent);
    area.hidden = false;
    Plotly.newPlot(area, spec.data, spec.layout, {displaylogo: false, responsive: true});
  });
})();
