/* Draw every <canvas data-chart="ID"> from the Chart.js config in <script id="ID" type="application/json">
   (written by Django's json_script). The same numbers are always in a table beside the chart. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var config = JSON.parse(source.textContent);
    var options = config.options || {};
    options.responsive = true;
    options.maintainAspectRatio = false;
    options.animation = false;
    options.locale = "vi-VN";
    options.plugins = options.plugins || {};
    options.plugins.tooltip = {
      callbacks: {
        label: function (context) {
          var value = context.parsed.x !== undefined && options.indexAxis === "y" ? context.parsed.x : context.parsed.y;
          return (context.dataset.label || "") + ": " + (value === null ? "—" : numberFormat.format(value));
        },
      },
    };
    config.options = options;
    canvas.chart = new Chart(canvas, config);
    canvas.dataset.ready = "true";
  });
})();
