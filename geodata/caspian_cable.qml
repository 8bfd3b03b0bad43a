<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology|Labeling" labelsEnabled="0">
  <renderer-v2 type="RuleRenderer" symbollevels="0">
    <rules key="root">
      <rule key="rule_operating" symbol="0" filter="&quot;status&quot; = 'operating'" label="Caspian digital cable: operating" />
      <rule key="rule_construction" symbol="1" filter="&quot;status&quot; = 'construction'" label="Caspian digital cable: under construction" />
      <rule key="rule_planned" symbol="2" filter="&quot;status&quot; = 'planned'" label="Caspian digital cable: planned" />
      <rule key="rule_proposed" symbol="3" filter="&quot;status&quot; = 'proposed'" label="Caspian digital cable: proposed" />
    </rules>
    <symbols>
      <symbol type="line" name="0" alpha="0.9" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" value="204,121,167,255" type="QString" />
            <Option name="line_width" value="2.25" type="QString" />
            <Option name="line_width_unit" value="Point" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="3.75;1.5" type="QString" />
            <Option name="customdash_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map">
                <Option name="outlineWidth" type="Map">
                  <Option name="active" value="true" type="bool" />
                  <Option name="expression" value="0.75 * min(14, 3 + 0.3 * coalesce(&quot;capacity_mt_per_year&quot;, 0))" type="QString" />
                  <Option name="type" value="3" type="int" />
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="line" name="1" alpha="0.9" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" value="204,121,167,255" type="QString" />
            <Option name="line_width" value="2.25" type="QString" />
            <Option name="line_width_unit" value="Point" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="7.5;4.5" type="QString" />
            <Option name="customdash_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map">
                <Option name="outlineWidth" type="Map">
                  <Option name="active" value="true" type="bool" />
                  <Option name="expression" value="0.75 * min(14, 3 + 0.3 * coalesce(&quot;capacity_mt_per_year&quot;, 0))" type="QString" />
                  <Option name="type" value="3" type="int" />
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="line" name="2" alpha="0.9" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" value="204,121,167,255" type="QString" />
            <Option name="line_width" value="2.25" type="QString" />
            <Option name="line_width_unit" value="Point" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="1.5;4.5" type="QString" />
            <Option name="customdash_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map">
                <Option name="outlineWidth" type="Map">
                  <Option name="active" value="true" type="bool" />
                  <Option name="expression" value="0.75 * min(14, 3 + 0.3 * coalesce(&quot;capacity_mt_per_year&quot;, 0))" type="QString" />
                  <Option name="type" value="3" type="int" />
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
      <symbol type="line" name="3" alpha="0.9" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" value="204,121,167,255" type="QString" />
            <Option name="line_width" value="2.25" type="QString" />
            <Option name="line_width_unit" value="Point" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="0.75;6.75" type="QString" />
            <Option name="customdash_unit" value="Point" type="QString" />
          </Option>
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" value="" type="QString" />
              <Option name="properties" type="Map">
                <Option name="outlineWidth" type="Map">
                  <Option name="active" value="true" type="bool" />
                  <Option name="expression" value="0.75 * min(14, 3 + 0.3 * coalesce(&quot;capacity_mt_per_year&quot;, 0))" type="QString" />
                  <Option name="type" value="3" type="int" />
                </Option>
              </Option>
              <Option name="type" value="collection" type="QString" />
            </Option>
          </data_defined_properties>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
</qgis>
