"""The web workbench (`wuhua serve`): the clerk's whole job by clicking, in the
browser already on the office PC, with no internet. Flask renders pages on the
server from Jinja2 templates; the little JavaScript and CSS it needs ship in
static/. It is a thin layer over the same readers, build and status engine as the
command line."""
