"""Where the catalogue is touched: the DCAT feed, the static portal and CKAN."""
