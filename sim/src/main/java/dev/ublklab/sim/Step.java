package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;

/**
 * One recorded step of a run: its number (from 1), the event, the facts, and the IO the event
 * acts on ({@code Model#actsOn} in the state it was taken in; -1 for none).
 */
public record Step(int seq, Event event, Facts facts, int io) {}
