// The involvement overview's chart: a stacked bar per quarter, drawn with the Plotly.js
// served by Klynge itself. Without JavaScript the page shows the same numbers as tables.
// Choosing a bar's part opens the list of its cases (the address is in its customdata).
(function () {
  "use strict";
  var data = document.getElementById("involvement-chart-data");
  var area = document.getElementById("involvement-chart");
  if (!data || !area || typeof Plotly === "undefined") {
    return;
  }
  var spec = JSON.parse(data.textContent);
  area.hidden = false;
  Plotly.newPlot(area, spec.data, spec.layout, {displaylogo: false, responsive: true});
  area.on("plotly_click", function (event) {
    var point = event.points && event.points[0];
    if (point && point.customdata) {
      window.location.href = point.customdata;
    }
  });
})();
