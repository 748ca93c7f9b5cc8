/* Charts for every page, drawn from the page's .json twin (the same numbers as its tables).
   No inline scripts: the page says which charts it wants with data-chart attributes. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");  // charts take their space only when they can be drawn
  const FONT = { family: '"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif', size: 12 };
  const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };

  function twinUrl() {
    const path = location.pathname === "/" ? "/index" : location.pathname.replace(/\/$/, "");
    return path + ".json" + location.search;
  }
  function layout(extra) {
    return Object.assign({ font: FONT, margin: { l: 60, r: 20, t: 10, b: 60 }, paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#fff", hovermode: "closest" }, extra || {});
  }
  function linkClicks(el) {  // a point carrying a URL in customdata navigates there
    el.on("plotly_click", function (ev) {
      const p = ev.points && ev.points[0];
      if (p && typeof p.customdata === "string" && p.customdata.startsWith("/")) location.href = p.customdata;
    });
  }
  function countAxis(values, extra) {  // whole-number ticks for small counts
    const max = Math.max.apply(null, values.concat([0]));
    return Object.assign({ rangemode: "tozero" }, max <= 8 ? { dtick: 1 } : {}, extra || {});
  }
  function plot(el, traces, lay) {
    Plotly.newPlot(el, traces, layout(lay), CONFIG);
    linkClicks(el);
  }
  function bySource(rows, key) {
    const groups = {};
    rows.forEach(function (r) { (groups[r.source] = groups[r.source] || []).push(r); });
    return Object.keys(groups).map(function (g) {
      return { type: "bar", name: g, x: groups[g].map(function (r) { return r.date; }),
               y: groups[g].map(function (r) { return r[key]; }) };
    });
  }
  function heatmap(el, xs, ys, cells, xKey, yKey, zKey, textFn) {
    el.style.height = Math.max(260, 24 * ys.length + 140) + "px";
    const z = ys.map(function () { return xs.map(function () { return null; }); });
    const links = ys.map(function () { return xs.map(function () { return null; }); });
    const text = ys.map(function () { return xs.map(function () { return ""; }); });
    cells.forEach(function (c) {
      const i = ys.indexOf(c[yKey]), j = xs.indexOf(c[xKey]);
      if (i < 0 || j < 0) return;
      z[i][j] = c[zKey]; links[i][j] = c.href; text[i][j] = textFn(c);
    });
    plot(el, [{ type: "heatmap", x: xs, y: ys, z: z, customdata: links, text: text, hoverinfo: "text",
                zmin: 0, colorscale: [[0, "#fde7e4"], [1, "#b3261e"]], xgap: 2, ygap: 2, hoverongaps: false }],
         { height: Math.max(260, 24 * ys.length + 140), margin: { l: 130, r: 20, t: 10, b: 110 },
           yaxis: { autorange: "reversed", automargin: true, dtick: 1 },
           xaxis: { automargin: true, tickangle: -45, type: "category" } });
  }

  const DRAW = {
    calendar: function (el, d) {
      plot(el, bySource(d.calendar, "documents"), { barmode: "stack", xaxis: { type: "date" },
        yaxis: countAxis(d.calendar.map(function (r) { return r.documents; }), { title: "documents" }), legend: { orientation: "h", x: 0, y: 1.12 }, margin: { l: 60, r: 20, t: 30, b: 40 } });
    },
    top_formulations: function (el, d) {
      const rows = d.top_formulations.slice(0, 15).reverse();
      plot(el, [{ type: "bar", orientation: "h", y: rows.map(function (r) { return r.formulation; }),
        x: rows.map(function (r) { return r.hits; }), customdata: rows.map(function (r) { return r.href; }),
        marker: { color: "#b3261e" } }], { margin: { l: 220, r: 20, t: 10, b: 30 }, yaxis: { automargin: true, dtick: 1 } });
    },
    by_month: function (el, d) {
      plot(el, [{ type: "bar", x: d.by_month.map(function (r) { return r.month; }),
        y: d.by_month.map(function (r) { return r.hits; }), customdata: d.by_month.map(function (r) { return r.href; }),
        marker: { color: "#1f5fae" } }], { xaxis: { type: "category" }, yaxis: { title: "hits" } });
    },
    series: function (el, d) {
      function draw(measure) {
        const traces = d.series.map(function (s) {
          return { type: "scatter", mode: "lines+markers", name: s.formulation,
            x: s.points.map(function (p) { return p.month; }), y: s.points.map(function (p) { return p[measure]; }),
            customdata: s.points.map(function (p) { return p.href; }) };
        });
        plot(el, traces, { xaxis: { type: "category" }, legend: { orientation: "h", x: 0, y: 1.12 }, margin: { l: 60, r: 20, t: 30, b: 70 },
          yaxis: { title: measure === "hits" ? "hits" : "share of documents", rangemode: "tozero" } });
      }
      draw("hits");
      document.querySelectorAll('[data-toggle-for="' + el.id + '"] input').forEach(function (input) {
        input.addEventListener("change", function () { if (input.checked) draw(input.value); });
      });
    },
    heatmap: function (el, d) {
      const h = d.heatmap;
      if (!h.regions.length) return false;
      const z = h.units_with.map(function (row, i) {
        return row.map(function (w, j) { return h.units[i][j] ? w / h.units[i][j] : null; });
      });
      const text = h.units_with.map(function (row, i) {
        return row.map(function (w, j) {
          return h.regions[i] + " " + h.months[j] + ": " + w + "/" + h.units[i][j] + " units, " + h.hits[i][j] + " hits";
        });
      });
      const links = h.units_with.map(function (row, i) {
        return row.map(function (w, j) {
          if (!w) return null;
          const m = h.months[j], last = new Date(+m.slice(0, 4), +m.slice(5, 7), 0).getDate();
          const q = new URLSearchParams({ q: h.search.q, formulation: h.search.formulation, from: m + "-01",
                                          to: m + "-" + String(last).padStart(2, "0") });
          if (h.codes[i]) q.set("region", h.codes[i]);
          return "/search?" + q.toString();
        });
      });
      el.style.height = Math.max(260, 24 * h.regions.length + 140) + "px";
      plot(el, [{ type: "heatmap", x: h.months, y: h.regions, z: z, customdata: links, text: text, hoverinfo: "text",
                  zmin: 0, colorscale: [[0, "#fde7e4"], [1, "#b3261e"]], xgap: 1, ygap: 2, hoverongaps: false }],
           { height: Math.max(260, 24 * h.regions.length + 140), margin: { l: 130, r: 20, t: 10, b: 110 },
             yaxis: { autorange: "reversed", automargin: true, dtick: 1 },
             xaxis: { automargin: true, tickangle: -45, type: "category" } });
    },
    echo: function (el, d) {
      if (!d.cells.length) return false;
      heatmap(el, d.formulations, d.regions, d.cells, "formulation", "region", "count", function (c) {
        return c.region + " · " + c.formulation + ": " + c.count;
      });
    },
    roster: function (el, d) {  // one bar per tenure: from its start (else first sighting) to its end (else last)
      const rows = d.roster.filter(function (r) { return r.start || r.first_seen || r.end; });
      if (!rows.length) return false;
      plot(el, rows.map(function (r) {
        const label = (r.people > 1 ? r.person + " · " : "") + r.title;
        const a = r.start || r.first_seen || r.end, b = r.end || r.last_seen || a;
        return { type: "scatter", mode: "lines+markers", showlegend: false, name: label,
          x: [a, b], y: [label, label], line: { width: 8 } };
      }), { margin: { l: 260, r: 20, t: 10, b: 40 }, xaxis: { type: "date" }, yaxis: { automargin: true, type: "category" } });
    },
    campaign: function (el, d) {
      const rows = (d.launch_row ? [d.launch_row] : []).concat(d.rows);
      if (!rows.length) return false;
      el.style.height = Math.max(220, 22 * rows.length + 90) + "px";
      plot(el, [{ type: "scatter", mode: "markers", x: rows.map(function (r) { return r.date; }),
        y: rows.map(function (r) { return r.region_name; }), customdata: rows.map(function (r) { return r.href; }),
        text: rows.map(function (r) { return r.region_name + " " + r.date + (r.lag_days === null ? "" : " (+" + r.lag_days + " d)") + (r.leader ? " · " + r.leader : ""); }),
        hoverinfo: "text", marker: { size: 10, color: "#b3261e" } }],
        { height: Math.max(220, 22 * rows.length + 90), margin: { l: 130, r: 20, t: 10, b: 40 }, xaxis: { type: "date" },
          yaxis: { autorange: "reversed", automargin: true, type: "category", dtick: 1 } });
    },
    events_per_month: function (el, d) {
      if (!d.events_per_month.length) return false;
      plot(el, [{ type: "bar", x: d.events_per_month.map(function (r) { return r.month; }),
        y: d.events_per_month.map(function (r) { return r.events; }), marker: { color: "#c98b00" } }],
        { xaxis: { type: "category" }, yaxis: countAxis(d.events_per_month.map(function (r) { return r.events; }), { title: "events" }) });
    },
    most_used: function (el, d) {
      const rows = d.most_used.slice(0, 10).reverse();
      if (!rows.length) return false;
      plot(el, [
        { type: "bar", orientation: "h", name: "here", y: rows.map(function (r) { return r.formulation; }),
          x: rows.map(function (r) { return r.density; }), customdata: rows.map(function (r) { return r.href; }) },
        { type: "bar", orientation: "h", name: "all regions", y: rows.map(function (r) { return r.formulation; }),
          x: rows.map(function (r) { return r.overall_density; }) }],
        { barmode: "group", margin: { l: 200, r: 20, t: 10, b: 30 }, yaxis: { automargin: true, dtick: 1 } });
    },
    copy_ratio: function (el, d) {
      const rows = d.copy_ratio.slice(0, 30).reverse();
      plot(el, [{ type: "bar", orientation: "h", y: rows.map(function (r) { return r.region; }),
        x: rows.map(function (r) { return r.copy_ratio; }), marker: { color: "#2e7d32" } }],
        { margin: { l: 140, r: 20, t: 10, b: 30 }, xaxis: { range: [0, 1] }, yaxis: { automargin: true, dtick: 1 } });
    },
    network: function (el, d) {
      const edges = d.network.slice(0, 80);
      const names = [];
      edges.forEach(function (e) { [e.a, e.b].forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); }); });
      if (!names.length) return false;
      const pos = {};
      names.forEach(function (n, i) {
        const t = 2 * Math.PI * i / names.length;
        pos[n] = [Math.cos(t), Math.sin(t)];
      });
      const max = Math.max.apply(null, edges.map(function (e) { return e.chars; }));
      const traces = edges.map(function (e) {
        return { type: "scatter", mode: "lines", showlegend: false, hoverinfo: "text",
          text: e.a + "–" + e.b + ": " + e.passages + " passages", x: [pos[e.a][0], pos[e.b][0]],
          y: [pos[e.a][1], pos[e.b][1]], line: { width: 0.5 + 6 * e.chars / max, color: "rgba(46,125,50,0.45)" } };
      });
      traces.push({ type: "scatter", mode: "markers+text", showlegend: false, text: names, textposition: "top center",
        x: names.map(function (n) { return pos[n][0]; }), y: names.map(function (n) { return pos[n][1]; }),
        marker: { size: 9, color: "#20283a" } });
      plot(el, traces, { margin: { l: 10, r: 10, t: 10, b: 10 }, xaxis: { visible: false }, yaxis: { visible: false } });
    },
  };

  function highlightTarget() {  // light up every piece of the span the URL's #fragment names
    document.querySelectorAll(".target").forEach(function (n) { n.classList.remove("target"); });
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    document.querySelectorAll("[data-s]").forEach(function (n) {
      if (n.getAttribute("data-s").split(" ").indexOf(id) >= 0) n.classList.add("target");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    highlightTarget();
    window.addEventListener("hashchange", highlightTarget);
    const els = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    if (!els.length) return;
    if (typeof Plotly === "undefined") {
      els.forEach(function (el) { el.classList.add("nodata"); });
      return;
    }
    fetch(twinUrl(), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        els.forEach(function (el) {
          const f = DRAW[el.getAttribute("data-chart")];
          let drawn = false;
          if (f) { try { drawn = f(el, d) !== false; } catch (e) { console.error(e); } }
          if (!drawn) el.classList.add("nodata");
        });
        document.body.setAttribute("data-charts", "ready");
      })
      .catch(function (e) { console.error(e); document.body.setAttribute("data-charts", "failed"); });
  });
})();
