/**
 * Imported first by the entry points: `natural` loads dotenv, which prints lines on stdout unless
 * told to be quiet. Stdout belongs to the chat and to the batch mode's JSON.
 */
process.env.DOTENV_CONFIG_QUIET ??= 'true';
