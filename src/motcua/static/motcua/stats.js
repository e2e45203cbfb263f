/* Charts of the statistics pages: data from the page's json_script "stats-chart-data";
   every chart repeats a table printed beside it (screen readers read the table). */
(function () {
  "use strict";
  var source = document.getElementById("stats-chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var blue = "#0d6efd", green = "#198754", grey = "#adb5bd";
  var builders = {
    trend: function () {
      return { type: "line", data: { labels: data.trend.labels, datasets: [
        { label: data.names.received, data: data.trend.received, borderColor: blue, backgroundColor: blue },
        { label: data.names.resolved, data: data.trend.resolved, borderColor: green, backgroundColor: green }
      ] } };
    },
    fields: function () {
      return { type: "bar", data: { labels: data.fields.labels, datasets: [
        { label: data.names.received, data: data.fields.received, backgroundColor: blue }
      ] }, options: { indexAxis: "y" } };
    },
    scores: function () {
      return { type: "bar", data: { labels: data.labels, datasets: [
        { label: data.names.points, data: data.points, backgroundColor: green },
        { label: data.names.max, data: data.max, backgroundColor: grey }
      ] } };
    }
  };
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.getAttribute("data-chart")];
    if (!build) { return; }
    var config = build();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    new Chart(canvas, config);
  });
}());
