"""The demo's data as plain values: the real history (`history`) and the fictional current
cycle (`cycle`). Code that loads or builds from them lives one level up, in `app.demo`."""
