// The exports are called from JavaScript (wwwroot/main.js); Main only has to start the runtime.
return 0;
