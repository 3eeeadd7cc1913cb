/// The text of `themes/dark.json`, compiled in so mcpdash has a theme without any file.
extension Theme {
    static let builtInJSON = #"""
{
  "name": "dark",
  "description": "For dark terminals: cool accents, green for healthy, amber for expiring, red for failing.",
  "palette": {
    "accent": 39, "accent16": "cyan",
    "good": 71, "good16": "green",
    "amber": 214, "amber16": "yellow",
    "bad": 203, "bad16": "bright-red",
    "dim": 245, "dim16": "white",
    "bar": 236, "bar16": "blue",
    "pick": 24, "pick16": "blue"
  },
  "roles": {
    "body": { "fg": "default" },
    "header": { "fg": "accent", "bold": true },
    "selected": { "fg": "bright-white", "bg": "pick", "bold": true },
    "border": { "fg": "dim" },
    "title": { "fg": "accent", "bold": true },
    "ok": { "fg": "good" },
    "warning": { "fg": "amber" },
    "danger": { "fg": "bad", "bold": true },
    "muted": { "fg": "dim" },
    "accent": { "fg": "accent" },
    "statusBar": { "fg": "bright-white", "bg": "bar" },
    "key": { "fg": "amber", "bold": true },
    "input": { "fg": "bright-white", "underline": true }
  }
}
"""#
}
