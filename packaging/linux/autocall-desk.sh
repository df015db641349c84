#!/bin/sh
# /usr/bin/autocall-desk: the frozen app lives under /opt (it carries its own Python and Qt); run it in place so
# it finds its bundled libraries next to itself.
exec /opt/autocall-desk/autocall-desk "$@"
