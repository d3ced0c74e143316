"use client";
// The drop monitor's data: one EventSource on GET /api/admin/monitor/stream, no polling. Keeps the
// last 15 minutes by second (this process's figures, and the ledger's holds of every process) and
// the latest status; the browser reconnects by itself and a new snapshot replaces the window.
import { useEffect, useState } from "react";
import type { LedgerPoint, MonitorSecond, MonitorSnapshot, MonitorStatus } from "@/lib/observability/monitor-feed";

export const WINDOW_SECONDS = 900;

export type MonitorState = {
  connection: "connecting" | "live" | "reconnecting" | "closed";
  seconds: MonitorSecond[];
  ledger: Map<number, number>;
  status: MonitorStatus | null;
};

const trim = <T extends { t: number }>(items: Map<number, T>, newest: number) => {
  for (const t of items.keys()) if (t <= newest - WINDOW_SECONDS) items.delete(t);
};

export function useMonitorFeed(): MonitorState {
  const [state, setState] = useState<MonitorState>({
    connection: "connecting",
    seconds: [],
    ledger: new Map(),
    status: null,
  });

  useEffect(() => {
    const seconds = new Map<number, MonitorSecond>();
    const ledger = new Map<number, { t: number; holds: number }>();
    let status: MonitorStatus | null = null;
    let connection: MonitorState["connection"] = "connecting";
    const publish = () => {
      const newest = Math.max(0, ...seconds.keys());
      trim(seconds, newest);
      trim(ledger, newest);
      setState({
        connection,
        seconds: [...seconds.values()].sort((a, b) => a.t - b.t),
        ledger: new Map([...ledger.values()].map((p) => [p.t, p.holds])),
        status,
      });
    };
    const addLedger = (points: LedgerPoint[]) => {
      for (const p of points) ledger.set(p.t, p);
    };

    const source = new EventSource("/api/admin/monitor/stream");
    source.addEventListener("snapshot", (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as MonitorSnapshot;
      seconds.clear();
      ledger.clear();
      for (const s of snapshot.seconds) seconds.set(s.t, s);
      addLedger(snapshot.ledger);
      status = snapshot.status;
      connection = "live";
      publish();
    });
    source.addEventListener("seconds", (event) => {
      for (const s of JSON.parse((event as MessageEvent<string>).data) as MonitorSecond[]) seconds.set(s.t, s);
      publish();
    });
    source.addEventListener("ledger", (event) => {
      addLedger(JSON.parse((event as MessageEvent<string>).data) as LedgerPoint[]);
      publish();
    });
    source.addEventListener("status", (event) => {
      status = JSON.parse((event as MessageEvent<string>).data) as MonitorStatus;
      publish();
    });
    source.onerror = () => {
      connection = source.readyState === EventSource.CLOSED ? "closed" : "reconnecting";
      publish();
    };
    return () => source.close();
  }, []);

  return state;
}
