// Placeholder until the sandbox issue lands.
return 0;
