/* Frontlines map: district control on a chosen date, events with their evidence.
 *
 * Everything shown comes from the JSON block #frontlines-data, which holds
 * article text: untrusted. It is only ever put on the page as text
 * (textContent, createTextNode) - never as HTML - and links are made only
 * for http(s) URLs. Leaflet popups and tooltips are given DOM nodes, not
 * strings, because Leaflet inserts strings as HTML.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("frontlines-data").textContent);

  var STATE_COLOURS = {
    government: "#1f5fbf",
    contested: "#f08c00",
    unknown: "#9a9a9a"
  };
  var GROUP_COLOURS = { "Taliban": "#c92a2a", "Islamic State": "#212529" };
  var OTHER_GROUP = "#862e9c";
  var EVENT_COLOURS = {
    "Battles": "#c2255c",
    "Explosions/Remote violence": "#e8590c",
    "Violence against civilians": "#5f3dc4",
    "Strategic developments": "#2b8a3e",
    "Protests": "#1971c2",
    "Riots": "#f59f00"
  };
  var DAY = 86400000;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function safeUrl(value) {
    if (typeof value !== "string" || !value) return null;
    try {
      var url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function toDay(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function fromDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function stateColour(state) {
    if (state === null) return STATE_COLOURS.unknown;
    if (state.state === "non-state") {
      var name = state.controller || "";
      for (var key in GROUP_COLOURS) {
        if (name.indexOf(key) === 0) return GROUP_COLOURS[key];
      }
      return OTHER_GROUP;
    }
    return STATE_COLOURS[state.state] || STATE_COLOURS.unknown;
  }

  function unconfirmed(state) {
    return state !== null && (state.claim_status === "claimed" || state.claim_status === "disputed");
  }

  /* SVG hatch patterns, one per colour, for claimed/unconfirmed states. */
  var patterns = document.getElementById("patterns");
  var SVG = "http://www.w3.org/2000/svg";
  var defs = document.createElementNS(SVG, "defs");
  patterns.appendChild(defs);
  var hatchIds = {};
  function hatch(colour) {
    if (hatchIds[colour]) return hatchIds[colour];
    var id = "hatch-" + Object.keys(hatchIds).length;
    var p = document.createElementNS(SVG, "pattern");
    p.setAttribute("id", id);
    p.setAttribute("patternUnits", "userSpaceOnUse");
    p.setAttribute("width", "6");
    p.setAttribute("height", "6");
    p.setAttribute("patternTransform", "rotate(45)");
    var bg = document.createElementNS(SVG, "rect");
    bg.setAttribute("width", "6"); bg.setAttribute("height", "6"); bg.setAttribute("fill", "#ffffff");
    var line = document.createElementNS(SVG, "rect");
    line.setAttribute("width", "3"); line.setAttribute("height", "6"); line.setAttribute("fill", colour);
    p.appendChild(bg); p.appendChild(line);
    defs.appendChild(p);
    hatchIds[colour] = id;
    return id;
  }

  function period(s) {
    var start = s.start ? s.start + (s.start_precision > 1 ? " (approx.)" : "") : null;
    var end = s.end ? s.end + (s.end_precision > 1 ? " (approx.)" : "") : null;
    if (!start && !end) return "dates unknown";
    if (!start) return "until " + end;
    if (!end) return "from " + start;
    if (s.start === s.end) return "on " + start;
    return start + " to " + end;
  }

  function stateLabel(s) {
    if (s === null) return "unknown";
    var text;
    if (s.state === "contested") {
      text = "contested" + (s.challenger ? " (" + s.challenger + (s.controller ? " vs " + s.controller : "") + ")" : "");
      if (s.brief) text = (s.challenger || "armed") + " incursion (brief), " + text;
      return text;
    }
    text = s.controller || s.state;
    if (s.brief) text += " incursion (brief)";
    if (s.claim_status === "claimed") text += " - claimed by " + (s.claimed_by || "one party") + ", unconfirmed";
    else if (s.claim_status === "disputed") text += " - disputed";
    return text;
  }

  /* The state covering a day (at the day's end), as frontlines.fusion.control.state_at. */
  function stateAt(states, iso) {
    var found = null;
    for (var i = 0; i < states.length; i++) {
      var s = states[i];
      if (s.start === null && (!s.implied || s.end === null)) continue;
      if (s.start !== null && s.start > iso) continue;
      if (s.end !== null && !(iso < s.end || (s.start === s.end && s.end === iso))) continue;
      found = s;
    }
    return found;
  }

  function evidenceList(parent, evidence) {
    evidence.forEach(function (ev) {
      var quote = el("blockquote", ev.sentence);
      var src = el("span", "", "src");
      var label = [ev.source, ev.published, ev.doc_id].filter(Boolean).join(" \u00b7 ");
      var url = safeUrl(ev.url);
      if (url) {
        var a = el("a", label);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        src.appendChild(a);
      } else {
        src.textContent = label;
      }
      quote.appendChild(src);
      parent.appendChild(quote);
    });
  }

  function fieldList(rows) {
    var dl = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") return;
      dl.appendChild(el("dt", row[0]));
      dl.appendChild(el("dd", row[1]));
    });
    return dl;
  }

  function fatalityText(e) {
    if (e.fatalities === null) return "not reported";
    if (e.low !== null && e.high !== null && (e.low !== e.fatalities || e.high !== e.fatalities)) {
      return e.fatalities + " (range " + e.low + "\u2013" + e.high + ")";
    }
    return String(e.fatalities);
  }

  /* Served by `frontlines serve`, the data names the pages of events and districts. */
  function pageLink(parent, label, path) {
    if (!data.pages || typeof path !== "string" || path.charAt(0) !== "/" || path.charAt(1) === "/") return;
    var link = el("a", label, "fl-page");
    link.href = path;
    parent.appendChild(el("div")).appendChild(link);
  }

  function eventPopup(e) {
    var box = el("div", null, "fl-popup");
    box.appendChild(el("h3", e.sub_type || e.type));
    box.appendChild(fieldList([
      ["Type", e.type + (e.sub_type ? " / " + e.sub_type : "")],
      ["Date", e.date ? e.date + (e.precision > 1 ? " (approx.)" : "") : "unknown"],
      ["Place", [e.location, e.admin2, e.admin1].filter(Boolean).join(", ")],
      ["Actors", [e.actor1, e.actor2].filter(Boolean).join(" vs ")],
      ["Fatalities", fatalityText(e)],
      ["Claim status", e.claim_status + (e.claimed_by ? " (by " + e.claimed_by + ")" : "")],
      ["Sources", e.sources.map(function (s) { return s.name; }).join("; ")],
      ["Event id", e.id]
    ]));
    box.appendChild(el("strong", "Evidence"));
    evidenceList(box, e.evidence);
    if (data.pages) pageLink(box, "Event page", data.pages.event + encodeURIComponent(e.id));
    return box;
  }

  function districtPopup(d, iso) {
    var box = el("div", null, "fl-popup");
    box.appendChild(el("h3", d.name + (d.province ? " (" + d.province + ")" : "")));
    var now = stateAt(d.states, iso);
    box.appendChild(el("p", "On " + iso + ": " + stateLabel(now)));
    d.states.forEach(function (s) {
      var block = el("div", null, "state" + (s === now ? " now" : ""));
      block.appendChild(el("strong", period(s) + ": " + stateLabel(s)));
      block.appendChild(el("div", s.claim_status + (s.implied ? ", implied" : "") +
        "; confidence " + s.confidence.toFixed(2)));
      block.appendChild(el("div", s.why));
      evidenceList(block, s.evidence);
      box.appendChild(block);
    });
    if (data.pages) {
      pageLink(box, "District page", data.pages.district + encodeURIComponent(d.province || "-") +
        "/" + encodeURIComponent(d.name));
    }
    return box;
  }

  /* --- the map -------------------------------------------------------- */
  document.getElementById("title").textContent = data.title;
  var map = L.map("map", { preferCanvas: false, zoomSnap: 0.5 });
  if (data.tiles && safeUrl(data.tiles.replace(/\{[a-z]\}/g, "a"))) {
    L.tileLayer(data.tiles, { maxZoom: 12, attribution: "" }).addTo(map);
  }
  /* country borders (Natural Earth, inlined): the background when there are no tiles */
  if (data.outlines && data.outlines.features.length) {
    L.geoJSON(data.outlines, {
      interactive: false,
      style: function (feature) {
        var home = data.countries.indexOf(feature.properties.name) >= 0;
        return { color: "#7d8a96", weight: home ? 1.6 : 0.8, fillColor: home ? "#ffffff" : "#e3e7eb", fillOpacity: 1 };
      }
    }).addTo(map);
  }
  var graticule = L.layerGroup().addTo(map);
  var bounds = L.latLngBounds([]);
  data.districts.forEach(function (d) { bounds.extend([d.lat, d.lon]); });
  data.events.forEach(function (e) { bounds.extend([e.lat, e.lon]); });
  if (!bounds.isValid()) bounds = L.latLngBounds([[29, 60], [38.5, 75]]);
  var south = Math.floor(bounds.getSouth()) - 1, north = Math.ceil(bounds.getNorth()) + 1;
  var west = Math.floor(bounds.getWest()) - 1, east = Math.ceil(bounds.getEast()) + 1;
  var hasOutlines = data.outlines && data.outlines.features.length > 0;
  for (var lat = south; lat <= north && !hasOutlines; lat++) {
    L.polyline([[lat, west], [lat, east]], { color: "#c8d0d8", weight: 1, interactive: false }).addTo(graticule);
  }
  for (var lon = west; lon <= east && !hasOutlines; lon++) {
    L.polyline([[south, lon], [north, lon]], { color: "#c8d0d8", weight: 1, interactive: false }).addTo(graticule);
  }
  if (bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5) {
    map.setView(bounds.getCenter(), 8);  /* one place: fitting its bounds would zoom in without end */
  } else {
    map.fitBounds(bounds.pad(0.15));
  }
  L.control.scale({ imperial: false }).addTo(map);

  /* districts above events, so that an event at a district's point never hides its colour */
  map.createPane("districts").style.zIndex = 450;
  map.createPane("events").style.zIndex = 420;
  var eventLayer = L.layerGroup().addTo(map);
  var districtLayer = L.layerGroup().addTo(map);
  var eventMarkers = data.events.map(function (e) {
    var radius = 4 + Math.min(14, 2 * Math.sqrt(e.fatalities || 0));
    var marker = L.circleMarker([e.lat, e.lon], {
      pane: "events", radius: radius, color: "#333", weight: 1,
      fillColor: EVENT_COLOURS[e.type] || "#555", fillOpacity: 0.75,
      dashArray: e.claim_status === "claimed" || e.claim_status === "disputed" ? "3 3" : null
    });
    marker.bindPopup(function () { return eventPopup(e); }, { maxWidth: 400 });
    marker.options.frontlinesId = e.id;
    return { event: e, marker: marker };
  });
  var districtMarkers = data.districts.map(function (d) {
    var marker = L.circleMarker([d.lat, d.lon], { pane: "districts", radius: 9, weight: 4 });
    marker.bindTooltip(el("span", d.name), { permanent: true, direction: "right", offset: [10, 0], className: "fl-label" });
    marker.bindPopup(function () { return districtPopup(d, currentDate()); }, { maxWidth: 400 });
    return { district: d, marker: marker };
  });

  /* --- time slider ---------------------------------------------------- */
  var slider = document.getElementById("date-slider");
  var label = document.getElementById("date-label");
  var windowSelect = document.getElementById("event-window");
  var first = toDay(data.range.min), last = toDay(data.range.max);
  slider.min = 0;
  slider.max = Math.max(0, last - first);
  slider.value = slider.max;

  function currentDate() { return fromDay(first + Number(slider.value)); }

  function redraw() {
    var iso = currentDate();
    label.textContent = iso;
    var counts = {};
    districtMarkers.forEach(function (item) {
      var s = stateAt(item.district.states, iso);
      var colour = stateColour(s);
      var style = { color: colour, fillColor: colour, fillOpacity: 0.85, dashArray: null, opacity: 1 };
      if (unconfirmed(s)) {
        style.fillColor = "url(#" + hatch(colour) + ")";
        style.dashArray = "4 3";
      }
      if (s !== null && s.brief) style.dashArray = "2 4";
      if (s === null) style.fillOpacity = 0.35;
      item.marker.setStyle(style);
      if (!districtLayer.hasLayer(item.marker)) districtLayer.addLayer(item.marker);
      var key = stateLabel(s);
      counts[key] = (counts[key] || 0) + 1;
    });
    var span = windowSelect.value === "all" ? null : Number(windowSelect.value);
    var shown = 0;
    eventMarkers.forEach(function (item) {
      var d = item.event.date;
      var visible = d !== null && d <= iso && (span === null || toDay(iso) - toDay(d) <= span);
      if (visible) { shown++; if (!eventLayer.hasLayer(item.marker)) eventLayer.addLayer(item.marker); }
      else if (eventLayer.hasLayer(item.marker)) eventLayer.removeLayer(item.marker);
    });
    var box = document.getElementById("counts");
    box.textContent = "";
    box.appendChild(el("div", shown + " of " + data.events.length + " events shown"));
    Object.keys(counts).sort().forEach(function (k) {
      box.appendChild(el("div", counts[k] + " \u00d7 " + k));
    });
    document.body.setAttribute("data-date", iso);
  }
  slider.addEventListener("input", redraw);
  windowSelect.addEventListener("change", redraw);

  /* --- legend ----------------------------------------------------------- */
  function swatch(colour, dashed, hatched) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18");
    var c = document.createElementNS(SVG, "circle");
    c.setAttribute("cx", "9"); c.setAttribute("cy", "9"); c.setAttribute("r", "7");
    c.setAttribute("stroke", colour); c.setAttribute("stroke-width", "2");
    c.setAttribute("fill", hatched ? "url(#" + hatch(colour) + ")" : colour);
    if (dashed) c.setAttribute("stroke-dasharray", "3 2");
    svg.appendChild(c);
    return svg;
  }
  var legend = document.getElementById("legend");
  legend.appendChild(el("strong", "District control"));
  [["Government", STATE_COLOURS.government, false, false],
   ["Taliban", GROUP_COLOURS.Taliban, false, false],
   ["Other non-state actor", OTHER_GROUP, false, false],
   ["Contested", STATE_COLOURS.contested, false, false],
   ["Claimed / unconfirmed", GROUP_COLOURS.Taliban, true, true],
   ["Unknown", STATE_COLOURS.unknown, false, false]].forEach(function (row) {
    var line = el("div", null, "row");
    line.appendChild(swatch(row[1], row[2], row[3]));
    line.appendChild(el("span", row[0]));
    legend.appendChild(line);
  });
  legend.appendChild(el("strong", "Events (size: fatalities)"));
  Object.keys(EVENT_COLOURS).forEach(function (type) {
    var line = el("div", null, "row");
    line.appendChild(swatch(EVENT_COLOURS[type], false, false));
    line.appendChild(el("span", type));
    legend.appendChild(line);
  });
  var notDrawn = [];
  if (data.unplaced > 0) {
    notDrawn.push(data.unplaced + " event(s) and district(s) without coordinates");
  }
  if (data.undated > 0) {
    notDrawn.push(data.undated + " event(s) without a date");
  }
  if (notDrawn.length) {
    document.getElementById("unplaced").textContent = notDrawn.join(" and ") + " are not drawn.";
  }

  redraw();
  window.frontlinesMap = { map: map, events: eventMarkers, districts: districtMarkers, redraw: redraw };
})();
