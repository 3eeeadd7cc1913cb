/// Who runs the dashboard's effects: each on its own task, its result pushed as an action onto
/// the loop's queue. The executable's `EffectRunner` calls the core; tests use a recording one.
public protocol EffectPerformer: AnyObject, Sendable {
    /// Whether an effect is still working (the loop then polls its queue quickly).
    var isBusy: Bool { get }
    /// Starts `effect` (the terminal's own effects never reach it).
    func run(_ effect: Effect)
    /// Whether a file the config is read from changed since the last look.
    func configChangedOnDisk() -> Bool
    /// Performs an effect that needs the terminal handed over (the editor), returning its result.
    func performOutside(_ effect: Effect) -> Action
}
