export interface SubpathServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + prefix, ending in '/' */
  url: string;
  /** Request paths that fell outside the prefix (each answered 404). */
  outside: string[];
  close(): Promise<void>;
}
export declare function startSubpathServer(prefix?: string, dir?: string): Promise<SubpathServer>;
