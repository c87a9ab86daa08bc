/**
 * The timeline viewer and its exporters (issue 6).
 *
 * <p>Pure layer, no JavaFX: {@link dev.ublklab.viz.TraceLoad} reads a trace (docs/trace-format.md)
 * into {@link dev.ublklab.viz.TraceData}; {@link dev.ublklab.viz.TimelineModel} lays it out as lanes
 * (queue, tags, io-wq workers, backing) with per-IO {@link dev.ublklab.viz.Phase} segments and event
 * chains; {@link dev.ublklab.viz.Lod} bins a lane to at most one primitive per pixel column;
 * {@link dev.ublklab.viz.Filter}, {@link dev.ublklab.viz.TraceDiff} and
 * {@link dev.ublklab.viz.Counterexample} answer the filter bar, the A/B view and counterexample mode.
 *
 * <p>One {@link dev.ublklab.viz.TimelineRenderer} draws through a {@link dev.ublklab.viz.Painter}:
 * a JavaFX Canvas ({@link dev.ublklab.viz.TimelineView}), java.awt for PNG, text for SVG.
 * {@link dev.ublklab.viz.Viz} is the API the CLI calls: {@code render}, {@code renderDiff},
 * {@code view}, {@code bench}; user errors are {@link dev.ublklab.viz.VizException}s.
 */
package dev.ublklab.viz;
