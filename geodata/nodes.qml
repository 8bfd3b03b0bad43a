<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="1">
  <renderer-v2 type="categorizedSymbol" attr="kind" symbollevels="0">
    <categories>
      <category symbol="0" value="port" label="sea port" render="true" />
      <category symbol="1" value="station" label="railway station" render="true" />
      <category symbol="2" value="border_crossing" label="border crossing" render="true" />
      <category symbol="3" value="landing_station" label="cable landing station" render="true" />
      <category symbol="4" value="substation" label="substation / converter" render="true" />
      <category symbol="5" value="terminal" label="oil terminal" render="true" />
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="86,180,233,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="10.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="240,228,66,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="7.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="230,159,0,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="7.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="204,121,167,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="7.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="0,158,115,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="7.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1">
        <layer class="SimpleMarker" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString" />
            <Option name="color" value="0,0,0,255" type="QString" />
            <Option name="outline_color" value="51,51,51,255" type="QString" />
            <Option name="outline_width" value="0.75" type="QString" />
            <Option name="outline_width_unit" value="Point" type="QString" />
            <Option name="size" value="7.5" type="QString" />
            <Option name="size_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map" />
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" isExpression="0" fontSize="8" fontSizeUnit="Point" textColor="0,0,0,255" textOpacity="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8" />
      </text-style>
      <placement placement="6" dist="1" distUnits="MM" />
    </settings>
  </labeling>
</qgis>
