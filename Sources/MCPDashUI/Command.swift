/// What a key does; the keymap binds keys to commands per screen.
public enum Command: String, Sendable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case openDetail, back, whoami, diagnose, fix, login, refresh, logout, rotate, rollback, reveal
    case events, expand, copy, filter, sort, group, checkNow, theme, help, commandLine, suspend, quit
}
