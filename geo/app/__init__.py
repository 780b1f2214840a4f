"""The dashboard's library: what it shows (:mod:`geo.app.views`, pure functions) and what it does (:mod:`geo.app.actions`)."""
