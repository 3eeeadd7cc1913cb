/// The dashboard's keys as data: the reducer looks commands up here, and help and the hint
/// bar are generated from the same table.
public enum Keymap {
    private static let table: Set<Screen> = [.servers, .detail]
    private static let lists: Set<Screen> = [.servers, .detail, .events, .triage, .help]
    private static let all = Set(Screen.allCases)

    /// Every binding.
    public static let bindings: [KeyBinding] = [
        KeyBinding([.character("k"), .up], .moveUp, "previous server / scroll up", on: lists),
        KeyBinding([.character("j"), .down], .moveDown, "next server / scroll down", on: lists),
        KeyBinding([.pageUp], .pageUp, "a page up", on: lists),
        KeyBinding([.pageDown], .pageDown, "a page down", on: lists),
        KeyBinding([.character("g"), .home], .top, "first server", on: lists),
        KeyBinding([.character("G"), .end], .bottom, "last server", on: lists),
        KeyBinding([.enter], .openDetail, "show or hide the detail pane", on: table, hint: "detail"),
        KeyBinding([.escape], .back, "back to the server table (or cancel the running operation)", on: all),
        KeyBinding([.character("w")], .whoami, "who does the server think I am (whoami)", on: table, hint: "whoami"),
        KeyBinding([.character("t")], .diagnose, "triage: why does it refuse me", on: table, hint: "triage"),
        KeyBinding([.character("f")], .fix, "run the fix triage proposes", on: [.triage], hint: "fix"),
        KeyBinding([.character("l")], .login, "log in (browser, device code or client credentials)", on: table.union([.triage]), hint: "login"),
        KeyBinding([.character("r")], .refresh, "refresh the token now", on: table, hint: "refresh"),
        KeyBinding([.character("o")], .logout, "log out: revoke and forget the tokens", on: table),
        KeyBinding([.character("R")], .rotate, "rotate the stored secret (verified before it replaces the old)", on: table),
        KeyBinding([.character("B")], .rollback, "roll the last rotation back", on: table),
        KeyBinding([.character("v")], .reveal, "reveal the token once (asks first; hidden on the next key)", on: [.detail]),
        KeyBinding([.character("e")], .events, "the event journal (of the selected server; again for all)", on: table.union([.events]), hint: "events"),
        KeyBinding([.enter], .expand, "show the event whole (y copies its message)", on: [.events], hint: "open"),
        KeyBinding([.character("y")], .copy, "copy to the clipboard: the fix's command line, the event's message, a revealed token", on: [.detail, .triage, .events], hint: "copy"),
        KeyBinding([.character("/")], .filter, "filter: servers by name, tag or auth method; events by any text", on: table.union([.events])),
        KeyBinding([.character("s")], .sort, "sort: name, status, expiry, errors", on: table),
        KeyBinding([.character("a")], .group, "group by tag", on: table),
        KeyBinding([.character("c")], .checkNow, "check every server now", on: table),
        KeyBinding([.character("T")], .theme, "next theme", on: all),
        KeyBinding([.character("?")], .help, "this help", on: all, hint: "help"),
        KeyBinding([.character(":")], .commandLine, "command line: login NAME, whoami NAME, theme NAME, quit… (Tab completes, ↑ recalls)", on: all),
        KeyBinding([.control("z")], .suspend, "suspend to the shell (fg comes back)", on: all),
        KeyBinding([.character("q"), .control("c")], .quit, "quit", on: all, hint: "quit"),
    ]

    /// The command `key` runs on `screen`.
    public static func command(for key: Key, on screen: Screen) -> Command? {
        bindings.first { $0.screens.contains(screen) && $0.keys.contains(key) }?.command
    }

    /// The bindings that work on `screen`.
    public static func bindings(on screen: Screen) -> [KeyBinding] {
        bindings.filter { $0.screens.contains(screen) }
    }
}
