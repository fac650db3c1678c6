/**
 * Puppeteer configuration: never download a browser at install time.
 * whatsapp-web.js drives the system Chromium (Debian's `chromium` package) instead.
 * @type {import('puppeteer').Configuration}
 */
module.exports = {
  skipDownload: true,
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
};
