// Tooltips and popups of the routes maps, built as DOM nodes with textContent so
// that nothing from the data is ever parsed as HTML. The page defines
// ROUTES_SOURCES (the cited documents), ROUTES_LABELS (row labels) and
// ROUTES_FROM_PROPERTIES (popup rows read from the feature's tooltip properties).
function routesLink(index, label) {
  var source = ROUTES_SOURCES[index];
  var a = document.createElement('a');
  if (/^https?:\/\//.test(source.url)) { a.href = source.url; }
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.textContent = label || source.title;
  return a;
}
function routesTooltip(properties, labels) {
  var table = document.createElement('table');
  labels.forEach(function (pair) {
    if (properties[pair[0]] === undefined) { return; }
    var tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = pair[1];
    tr.insertCell().textContent = String(properties[pair[0]]);
  });
  return table;
}
function routesPopup(popup, properties) {
  var box = document.createElement('div');
  box.className = 'routes-popup';
  var title = box.appendChild(document.createElement('b'));
  title.textContent = popup.title;
  var table = box.appendChild(document.createElement('table'));
  var rows = ROUTES_FROM_PROPERTIES.filter(function (key) {
    return properties[key] !== undefined;
  }).map(function (key) { return [key, String(properties[key])]; });
  rows.concat(popup.rows).forEach(function (row) {
    var tr = table.insertRow();
    tr.appendChild(document.createElement('th')).textContent = ROUTES_LABELS[row[0]];
    var td = tr.insertCell();
    td.textContent = row[1];
    var year = row.length > 2 ? row[2] : null, source = row.length > 3 ? row[3] : null;
    if (year !== null || source !== null) {
      td.appendChild(document.createTextNode(year !== null ? ' (' + year + ', ' : ' ('));
      if (source !== null) { td.appendChild(routesLink(source, 'source')); }
      td.appendChild(document.createTextNode(')'));
    }
  });
  if (popup.more) {
    var more = box.appendChild(document.createElement('p'));
    var link = more.appendChild(document.createElement('a'));
    link.href = popup.more;
    link.textContent = 'Notes: see the corridor map';
  }
  box.appendChild(document.createElement('b')).textContent = 'Sources';
  var list = box.appendChild(document.createElement('ul'));
  popup.sources.forEach(function (index) {
    var item = list.appendChild(document.createElement('li'));
    var source = ROUTES_SOURCES[index];
    item.appendChild(routesLink(index));
    var when = source.date || ('accessed ' + source.accessed);
    item.appendChild(document.createTextNode(
      ' (' + (source.publisher ? source.publisher + ', ' : '') + when + ')'));
  });
  return box;
}
