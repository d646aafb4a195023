/* Draws the four dashboard charts from the JSON the page embeds (the same as the API). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var red = "#a3161a", gold = "#f2c94c", grey = "#9aa3b2", green = "#1e7b34";
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas && window.Chart) { new window.Chart(canvas, config); }
  }
  draw("chart-ontime", {
    type: "line",
    data: {
      labels: data.monthly_on_time.map(function (m) { return m.month; }),
      datasets: [{ label: "Tỷ lệ đúng hạn (%)", data: data.monthly_on_time.map(function (m) { return m.value; }),
                   borderColor: red, backgroundColor: red, spanGaps: true }]
    },
    options: { scales: { y: { min: 0, max: 100 } } }
  });
  draw("chart-channels", {
    type: "doughnut",
    data: {
      labels: data.channels.map(function (c) { return c.name; }),
      datasets: [{ data: data.channels.map(function (c) { return c.dossiers; }), backgroundColor: [red, gold, grey] }]
    }
  });
  draw("chart-766", {
    type: "bar",
    data: {
      labels: data.qd766.groups.map(function (g) { return g.name; }),
      datasets: [
        { label: "Điểm đạt", data: data.qd766.groups.map(function (g) { return g.score; }), backgroundColor: green },
        { label: "Điểm tối đa có dữ liệu", data: data.qd766.groups.map(function (g) { return g.assessed_max; }), backgroundColor: gold },
        { label: "Điểm tối đa", data: data.qd766.groups.map(function (g) { return g.max; }), backgroundColor: grey }
      ]
    }
  });
  draw("chart-overdue", {
    type: "bar",
    data: {
      labels: data.overdue_now.buckets.map(function (b) { return b.label; }),
      datasets: [{ label: "Hồ sơ quá hạn", data: data.overdue_now.buckets.map(function (b) { return b.dossiers; }), backgroundColor: red }]
    },
    options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
