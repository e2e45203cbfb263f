// Draws the satisfaction results' charts with Chart.js (served locally) from the JSON block
// the page carries (<script type="application/json" id="survey-charts-data">). The table
// under each chart holds the same figures, so nothing is lost without JavaScript.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("survey-charts-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var charts = JSON.parse(source.textContent);
    var colours = ["#0d6efd", "#198754", "#ffc107", "#dc3545", "#6f42c1", "#20c997"];
    charts.forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas || !chart.labels.length) {
        return;
      }
      var round = chart.type === "doughnut";
      new window.Chart(canvas, {
        type: chart.type,
        data: {
          labels: chart.labels,
          datasets: [{
            label: chart.title,
            data: chart.values,
            backgroundColor: round ? colours.slice(0, chart.values.length) : colours[0]
          }]
        },
        options: {
          maintainAspectRatio: false,
          indexAxis: round ? undefined : "y",
          plugins: {
            legend: { display: round },
            tooltip: {
              callbacks: {
                label: function (item) {
                  return item.formattedValue + " " + chart.unit;
                }
              }
            }
          },
          scales: round ? {} : { x: { beginAtZero: true, suggestedMax: chart.unit === "%" ? 100 : 18 } }
        }
      });
      canvas.setAttribute("data-drawn", "1");
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
