"""The supervisors' deadline dashboards (issue 7): selectors with the aggregations, the
summary-table refresh, views, exports and server-rendered SVG charts."""
