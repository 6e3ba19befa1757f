// The Compare page's chart: a dot per area with its 95 % confidence interval as a horizontal
// error bar, drawn with the Plotly.js served by Klynge itself. Without JavaScript the page
// shows the same numbers in the table beside it.
(function () {
  "use strict";
  var data = document.getElementById("compare-chart-data");
  var area = document.getElementById("compare-chart");
  if (!data || !area || typeof Plotly === "undefined") {
    return;
  }
  var spec = JSON.parse(data.textContent);
  area.hidden = false;
  Plotly.newPlot(area, spec.data, spec.layout, {displaylogo: false, responsive: true});
})();
