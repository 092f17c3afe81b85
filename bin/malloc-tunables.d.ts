export declare const HOST_MALLOC_TUNABLES: string;
export declare function withHostMallocTunables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
