export declare const SITE_POLICY: string;
export declare function sha256Source(text: string): string;
export declare function inlineBlocks(html: string): { scripts: string[]; styles: string[] };
export declare function metaPolicy(html: string): string | null;
export declare function checkPagePolicy(name: string, html: string): string;
