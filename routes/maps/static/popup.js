// Tooltips and popups of the routes maps, built as DOM nodes with textContent so
// that nothing from the data is ever parsed as HTML. The page defines
// ROUTES_SOURCES (the cited documents), ROUTES_LABELS (row labels by key) and
// ROUTES_TERMS (the text of rows that name a term of the vocabulary, by key and term).
// A feature's rows are [key, text] or [key, text, year, source index].
function routesPhone() { return window.matchMedia('(max-width: 600px)').matches; }
function routesLink(index) {
  var source = ROUTES_SOURCES[index];
  var a = document.createElement('a');
  // Only a web address becomes a link; any other shows as text.
  if (/^https?:\/\//.test(source.url)) { a.href = source.url; }
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = source.title || source.url;
  return a;
}
function routesRows(table, rows, cited) {
  rows.forEach(function (row) {
    var tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = ROUTES_LABELS[row[0]];
    var td = tr.insertCell();
    var terms = ROUTES_TERMS[row[0]];
    td.textContent = terms && terms[row[1]] ? terms[row[1]] : row[1];
    var year = row.length > 2 ? row[2] : null, source = row.length > 3 ? row[3] : null;
    if (!cited || (year === null && source === null)) { return; }
    td.appendChild(document.createTextNode(' (' + (year !== null ? year : '')));
    if (source !== null) {
      td.appendChild(document.createTextNode(year !== null ? ', ' : ''));
      td.appendChild(routesLink(source));
    }
    td.appendChild(document.createTextNode(')'));
  });
}
function routesTooltip(properties) {
  var box = document.createElement('div');
  box.appendChild(document.createElement('b')).textContent = properties.name;
  routesRows(box.appendChild(document.createElement('table')), properties.tip, false);
  return box;
}
function routesSources(box, sources) {
  if (!sources.length) { return; }
  box.appendChild(document.createElement('b')).textContent = 'Sources';
  var list = box.appendChild(document.createElement('ul'));
  sources.forEach(function (index) {
    var item = list.appendChild(document.createElement('li'));
    var source = ROUTES_SOURCES[index];
    item.appendChild(routesLink(index));
    var when = source.date || ('accessed ' + source.accessed);
    item.appendChild(document.createTextNode(
      ' (' + (source.publisher ? source.publisher + ', ' : '') + when + ')'));
  });
}
function routesPopup(properties) {
  var box = document.createElement('div');
  box.className = 'routes-popup';
  var parts = properties.parts || [{title: properties.name, rows: properties.tip.concat(
    properties.popup.rows), sources: properties.popup.sources, more: properties.popup.more}];
  parts.forEach(function (part) {
    box.appendChild(document.createElement('h3')).textContent = part.title;
    routesRows(box.appendChild(document.createElement('table')), part.rows, true);
    if (part.more) {
      var link = box.appendChild(document.createElement('p'))
        .appendChild(document.createElement('a'));
      link.href = part.more;
      link.textContent = 'Notes: see the corridor map';
    }
    routesSources(box, part.sources);
  });
  return box;
}
// The space the panels leave free, as Leaflet paddings {topLeft, bottomRight} in
// px: each panel narrows the free space from the side of its corner where that
// costs less area (a column from the left, a row from the top).
function routesFreeSpace(map) {
  var box = map.getContainer().getBoundingClientRect();
  var pad = {left: 10, top: 10, right: 10, bottom: 10};
  map.getContainer().querySelectorAll('.leaflet-control').forEach(function (control) {
    var r = control.getBoundingClientRect();
    if (!r.width || !r.height) { return; }
    var left = control.closest('.leaflet-left') !== null;
    var top = control.closest('.leaflet-top') !== null;
    var across = (left ? r.right - box.left : box.right - r.left) + 8;
    var down = (top ? r.bottom - box.top : box.bottom - r.top) + 8;
    if (across * box.height < down * box.width) {
      var side = left ? 'left' : 'right';
      pad[side] = Math.max(pad[side], across);
    } else {
      var edge = top ? 'top' : 'bottom';
      pad[edge] = Math.max(pad[edge], down);
    }
  });
  return {topLeft: [pad.left, pad.top], bottomRight: [pad.right, pad.bottom]};
}
function routesSheet(content) {
  var sheet = document.querySelector('.routes-sheet');
  if (!sheet) {
    sheet = document.body.appendChild(document.createElement('section'));
    sheet.className = 'routes-sheet';
    sheet.setAttribute('role', 'dialog');
    var close = sheet.appendChild(document.createElement('button'));
    close.className = 'routes-sheet-close';
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.textContent = '\u00d7';
    close.addEventListener('click', function () { sheet.hidden = true; });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { sheet.hidden = true; }
    });
    sheet.appendChild(document.createElement('div')).className = 'routes-sheet-body';
  }
  var body = sheet.querySelector('.routes-sheet-body');
  body.replaceChildren(content);
  body.scrollTop = 0;
  sheet.hidden = false;
}
function routesOpen(map, latlng, properties) {
  if (routesPhone()) { routesSheet(routesPopup(properties)); return; }
  var free = routesFreeSpace(map), size = map.getSize();
  L.popup({
    maxWidth: Math.min(420, size.x - free.topLeft[0] - free.bottomRight[0] - 40),
    maxHeight: Math.max(160, size.y - free.topLeft[1] - free.bottomRight[1] - 60),
    autoPanPaddingTopLeft: free.topLeft,
    autoPanPaddingBottomRight: free.bottomRight,
    className: 'routes-leaflet-popup'
  }).setLatLng(latlng).setContent(routesPopup(properties)).openOn(map);
}
function routesBind(feature, layer) {
  var properties = feature.properties;
  layer.bindTooltip(function () { return routesTooltip(properties); },
    {sticky: true, direction: 'auto', className: 'routes-tooltip'});
  layer.on('click', function (e) {
    layer.closeTooltip();
    routesOpen(layer._map, e.latlng, properties);
  });
  var casing = layer.options.casing;
  if (casing && layer.getLatLngs) {
    var under = L.polyline(layer.getLatLngs(), L.extend(
      {pane: 'routes-casing', interactive: false, offset: layer.options.offset || 0}, casing));
    layer.on('add', function () { under.addTo(layer._map); });
    layer.on('remove', function () { under.remove(); });
  }
}
