// Renderers of a dated plan (text, md, html, csv, ics, json, pdf): the schedule issue fills this in.
import Planner
