// Draws every chart described in #ld-report-data with the inlined Chart.js. Nothing is fetched.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ld-report-data').textContent);
  var numberFormat = new Intl.NumberFormat('en-US');
  Chart.defaults.animation = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#222';
  Chart.defaults.maintainAspectRatio = false;

  var drawn = 0;
  data.charts.forEach(function (spec) {
    var canvas = document.getElementById('chart-' + spec.id);
    if (!canvas) return;
    var many = spec.labels.length > 40;
    var datasets = spec.series.map(function (s) {
      // s.colors: one colour per point (status codes by class), the legend then shows the series colour.
      var kind = s.kind || spec.kind;
      return {
        label: s.name,
        data: s.data,
        type: s.kind || undefined,
        backgroundColor: s.colors || s.color,
        borderColor: s.color,
        borderWidth: kind === 'line' ? 2 : 0,
        borderDash: s.dash || [],
        pointRadius: kind === 'line' ? (many || s.kind ? 0 : 2.5) : undefined,
        pointHoverRadius: 4,
        fill: false,
        tension: 0,
        order: kind === 'line' ? 0 : 1,
        barPercentage: many ? 1 : 0.9,
        categoryPercentage: many ? 1 : 0.8
      };
    });
    var categoryAxis = { stacked: !!spec.stacked, title: { display: true, text: spec.categoryAxis }, grid: { display: false },
      ticks: { autoSkip: true, maxRotation: many ? 0 : 45, autoSkipPadding: 12 } };
    var valueAxis = { stacked: !!spec.stacked, beginAtZero: true, grace: spec.stacked ? 0 : '8%', title: { display: true, text: spec.valueAxis },
      ticks: { precision: 0, callback: function (v) { return numberFormat.format(v); } } };
    if (spec.horizontal) categoryAxis.ticks = { autoSkip: false };
    new Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        indexAxis: spec.horizontal ? 'y' : 'x',
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { display: spec.series.length > 1, position: 'bottom', labels: { usePointStyle: true, boxHeight: 8 } },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + numberFormat.format(c.parsed[spec.horizontal ? 'x' : 'y']); } } }
        },
        scales: spec.horizontal ? { y: categoryAxis, x: valueAxis } : { x: categoryAxis, y: valueAxis }
      }
    });
    drawn++;
  });
  // Charts are sized for the screen; redraw them for the printed page.
  window.addEventListener('beforeprint', function () { Object.values(Chart.instances).forEach(function (c) { c.resize(); }); });
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));
})();
