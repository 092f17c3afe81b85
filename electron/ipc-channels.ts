/**
 * IPC channel names shared by main (bridge.ts) and the preload. Kept in a file with no imports
 * so the sandboxed preload bundle stays tiny.
 */
export const IPC_HELLO = 'ioc:hello';
export const IPC_TO_HOST = 'ioc:to-host';
export const IPC_FROM_HOST = 'ioc:from-host';

/** process.argv switches main hands the preload (webPreferences.additionalArguments). */
export const ARG_ROLE = '--ioc-role=';
export const ARG_DISPLAY = '--ioc-display=';

/** Main → page: the host connection's state ({ state, retryInMs }); remote hosts go down and up. */
export const IPC_STATE = 'ioc:state';
/** Main → page: show this display's id and the node's name in huge type (installers' cabling check). */
export const IPC_IDENTIFY = 'ioc:identify';
/** Page → main (invoke): the enrollment code typed on the first-run screen. */
export const IPC_ENROLL = 'ioc:enroll';
/** Native file dialogs for the renderer (electron/file-dialogs.ts): save a text file, choose a bundle. */
export const IPC_SAVE_TEXT = 'ioc:save-text';
export const IPC_CHOOSE_BUNDLE = 'ioc:choose-bundle';
