// The population page's chart: one indicator for the collaboration, its municipalities and
// the country, drawn with the Plotly.js served by Klynge itself. Without JavaScript the page
// shows the same numbers in the table beside it.
(function () {
  "use strict";
  var data = document.getElementById("population-chart-data");
  var area = document.getElementById("population-chart");
  if (!data || !area || typeof Plotly === "undefined") {
    return;
  }
  var spec = JSON.parse(data.textContent);
  area.hidden = false;
  Plotly.newPlot(area, spec.data, spec.layout, {displaylogo: false, responsive: true});
})();
