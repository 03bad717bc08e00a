exports.main = async () => "ok";
