// Types of scripts/chromium.mjs for the TypeScript configs that import it.
export declare const chromiumPath: string;
export declare const chromiumArgs: string[];
export declare const launchOptions: { executablePath: string; headless: boolean; args: string[] };
export declare function assertChromium(): void;
