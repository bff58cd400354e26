"""The season as pictures: a timeline of phases and races (`season_timeline`), and each week's
distance against the plan (`plan_chart`). Pure functions from a `SeasonReport` to the shapes a
template draws, with the words a screen reader reads instead (`summary`, `desc`): colour is
never the only sign. What both draw with (the width, `Marker`, short dates) is in `common`.

Coordinates are in each SVG's own viewBox; the picture scales to its box.
"""
