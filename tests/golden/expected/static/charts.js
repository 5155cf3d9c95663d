// Charts (drawarchive/charts.py), made explorable. Without this script each chart still shows its
// bars' values and a table of its figures. With it, each chart is one keyboard stop: Left/Right,
// Home/End move between points or bars, Up/Down between lines; the mouse shows the nearest one.
// The words are written at build time, in the page's language: the marks' data-tip attributes, and
// the key hint in each chart's data-keys. This script has none of its own and formats nothing.
(function () {
  var charts = document.querySelectorAll(".chart svg");
  var hint = document.createElement("span");
  hint.id = "chart-keys";
  hint.hidden = true;
  if (charts.length) {
    hint.textContent = charts[0].getAttribute("data-keys");
    document.body.appendChild(hint);
  }

  function make(tag, cls, parent) {
    var el = parent ? document.createElement(tag) : document.createElementNS("http://www.w3.org/2000/svg", tag);
    el.setAttribute("class", cls);
    if (parent) parent.appendChild(el); else el.setAttribute("vector-effect", "non-scaling-stroke");
    return el;
  }

  charts.forEach(function (svg) {
    var lines = [], groups = [], hover = svg.getAttribute("data-hover");
    var guide = (svg.getAttribute("data-guide") || "").split(" ");
    // Marks in one group make one line. A mark's place (viewBox units): a bar's end, or an anchor's "Mx y".
    svg.querySelectorAll("[data-tip]").forEach(function (mark) {
      var i = groups.indexOf(mark.parentNode), a = function (name) { return +mark.getAttribute(name); };
      if (i < 0) lines[i = groups.push(mark.parentNode) - 1] = [];
      lines[i].push({ mark: mark, at: mark.tagName !== "rect" ? mark.getAttribute("d").slice(1).split(" ").map(Number)
        : hover === "y" ? [a("x") + a("width"), a("y") + a("height") / 2] : [a("x") + a("width") / 2, a("y")] });
    });
    if (!lines.length) return;
    var box = svg.parentNode, width = svg.viewBox.baseVal.width, s = 0, p = 0, on = null;
    var tip = make("div", "chart-tip", box), live = make("p", "chart-live", box);
    var halo = make("path", "halo"), spot = make("path", "spot"), rule = make("path", "guide");
    tip.hidden = true;
    tip.setAttribute("aria-hidden", "true");
    live.setAttribute("aria-live", "polite");
    svg.setAttribute("tabindex", "0");
    svg.setAttribute("aria-describedby", svg.getAttribute("aria-describedby") + " chart-keys");

    function show(line, i, speak) {
      hide();
      on = lines[s = line][p = i];
      on.mark.classList.add("on");
      var x = on.at[0], y = on.at[1], dot = "M" + x + " " + y + "h0";
      if (on.mark.tagName !== "rect") {
        halo.setAttribute("d", dot);
        spot.setAttribute("d", dot);
        on.mark.parentNode.append(halo, spot);
      }
      if (guide[1]) {  // a rule across the plots, under the lines
        rule.setAttribute("d", "M" + x + " " + guide[0] + "V" + guide[1]);
        svg.querySelector("desc").after(rule);
      }
      tip.textContent = on.mark.getAttribute("data-tip");
      tip.hidden = false;
      var r = svg.getBoundingClientRect(), b = box.getBoundingClientRect(), k = r.width / width;
      var left = r.left - b.left + x * k - tip.offsetWidth / 2, top = r.top - b.top + y * k;
      tip.style.left = Math.max(0, Math.min(b.width - tip.offsetWidth, left)) + "px";
      tip.style.top = (top > tip.offsetHeight + 12 ? top - tip.offsetHeight - 12 : top + 14) + "px";
      if (speak) live.textContent = tip.textContent;
    }

    function hide() {
      tip.hidden = true;
      halo.remove();
      spot.remove();
      rule.remove();
      if (on) on.mark.classList.remove("on");
    }

    // [line, index] of the mark nearest (x, y): along one axis only when the chart says so.
    function nearest(among, x, y, axis) {
      var best = Infinity, found;
      among.forEach(function (line, li) {
        line.forEach(function (m, i) {
          var dx = Math.abs(m.at[0] - x), dy = Math.abs(m.at[1] - y);
          var d = axis === "x" ? dx : axis === "y" ? dy : dx * dx + dy * dy;
          if (d < best) { best = d; found = [li, i]; }
        });
      });
      return found;
    }

    function point(e) {
      var r = svg.getBoundingClientRect(), k = width / r.width;
      var found = nearest(lines, (e.clientX - r.left) * k, (e.clientY - r.top) * k, hover);
      show(found[0], found[1], false);
    }

    svg.addEventListener("focus", function () { show(s, p, true); });
    svg.addEventListener("blur", hide);
    svg.addEventListener("pointermove", point);
    svg.addEventListener("pointerdown", point);
    svg.addEventListener("pointerleave", function () {
      if (document.activeElement === svg) show(s, p, false); else hide();
    });
    svg.addEventListener("keydown", function (e) {
      var k = e.key, line = s, i = { ArrowLeft: p - 1, ArrowRight: p + 1, Home: 0, End: lines[s].length - 1 }[k];
      if (k === "Escape") return hide();
      if (k === "ArrowUp" || k === "ArrowDown") {
        line = Math.max(0, Math.min(lines.length - 1, s + (k === "ArrowUp" ? -1 : 1)));
        i = nearest([lines[line]], lines[s][p].at[0], 0, "x")[1];
      }
      if (i === undefined) return;
      e.preventDefault();
      show(line, Math.max(0, Math.min(lines[line].length - 1, i)), true);
    });
  });
})();
