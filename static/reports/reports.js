/* Reports charts: Chart.js fed from the page's json_script block; no words live here. */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#0b5cad", "#2fa4a9", "#f0a202", "#7a4fbf", "#d1495b", "#5c946e", "#8c8c8c"];

  Chart.defaults.font.family =
    "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  var trend = data.trend;
  draw("chart-trend", {
    data: {
      labels: trend.labels,
      datasets: trend.stacks
        .map(function (stack, index) {
          return { type: "bar", label: stack.label, data: stack.data, backgroundColor: palette[index], stack: "received", order: 2 };
        })
        .concat([{ type: "line", label: trend.line.label, data: trend.line.data, borderColor: palette[4], backgroundColor: palette[4], tension: 0, order: 1 }]),
    },
    options: {
      interaction: { mode: "index", intersect: false },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: trend.axis }, ticks: { precision: 0 } } },
    },
  });

  draw("chart-outcomes", {
    type: "bar",
    data: { labels: data.outcomes.labels, datasets: [{ label: data.outcomes.label, data: data.outcomes.data, backgroundColor: palette }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  draw("chart-backlog", {
    type: "bar",
    data: { labels: data.backlog.labels, datasets: [{ label: data.backlog.label, data: data.backlog.data, backgroundColor: palette[2] }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  var pareto = data.pareto;
  draw("chart-pareto", {
    data: {
      labels: pareto.labels,
      datasets: [
        { type: "bar", label: pareto.label, data: pareto.data, backgroundColor: palette[0], yAxisID: "y", order: 2 },
        { type: "line", label: pareto.cumulativeLabel, data: pareto.cumulative, borderColor: palette[4], backgroundColor: palette[4], yAxisID: "share", order: 1 },
      ],
    },
    options: {
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        share: { position: "right", min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: function (value) { return value + "%"; } } },
      },
    },
  });

  draw("chart-bands", {
    type: "bar",
    data: {
      labels: data.bands.labels,
      datasets: data.bands.series.map(function (series, index) {
        return { label: series.label, data: series.data, backgroundColor: palette[index % palette.length] };
      }),
    },
    options: {
      indexAxis: "y",
      scales: { x: { stacked: true, min: 0, max: 100, title: { display: true, text: data.bands.axis } }, y: { stacked: true } },
    },
  });
})();
