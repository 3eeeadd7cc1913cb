print("mcpdash")
