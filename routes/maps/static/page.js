// The page's frame: title, footer, offline base layer and the fit of the data.
function routesPanel(map, position, className, text, first) {
  var control = L.control({position: position});
  control.onAdd = function () {
    var div = L.DomUtil.create('div', className);
    div.textContent = text;
    return div;
  };
  control.addTo(map);
  var box = control.getContainer(), corner = box.parentNode;
  if (first) { corner.insertBefore(box, corner.firstChild); }
  return control;
}
// The offline base layer (maps/basemap.js defines ROUTES_BASEMAP): a choice in the
// layer control, and drawn under the tiles as soon as one fails to load.
function routesBasemap(map, look, control) {
  if (typeof ROUTES_BASEMAP === 'undefined') { return; }
  map.createPane('routes-base').style.zIndex = 150;
  function layer() {
    return L.geoJSON(ROUTES_BASEMAP, {
      pane: 'routes-base',
      interactive: false,
      style: function (feature) {
        return feature.properties.sea
          ? {stroke: false, fillColor: look.sea, fillOpacity: 1}
          : {color: look.border, weight: 0.8, fillColor: look.land, fillOpacity: 1};
      }
    });
  }
  control.addBaseLayer(layer(), look.name);
  var underlay = null;
  map.eachLayer(function (tiles) {
    if (!(tiles instanceof L.TileLayer)) { return; }
    tiles.on('tileerror', function () {
      if (!underlay) { underlay = layer().addTo(map); }
    });
  });
}
function routesFinish(map, data, control) {
  routesPanel(map, 'topleft', 'routes-panel routes-title', data.title, true);
  routesPanel(map, 'bottomright', 'routes-footer', data.footer, false);
  routesBasemap(map, data.basemap, control);
  var free = routesFreeSpace(map);
  map.fitBounds(data.bounds, {
    paddingTopLeft: free.topLeft, paddingBottomRight: free.bottomRight, animate: false
  });
}
