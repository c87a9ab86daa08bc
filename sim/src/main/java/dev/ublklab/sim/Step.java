package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;

/** One recorded step of a run: its number (from 1), the event and what it did. */
public record Step(int seq, Event event, Facts facts) {}
